"""Built-in rules that need code rather than data. Each module is a plugin."""
