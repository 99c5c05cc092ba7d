"""Files in and out: loading and checking topology files, import, export, generation."""
