"""What questions return, and how answers look: tables, renderers, the report."""
