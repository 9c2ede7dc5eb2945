"""Reading documents from files and writing fixed text back."""
