"""What a topology is: records, the graph and its contract, scenarios. No analysis, no I/O."""
