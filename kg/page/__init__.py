"""The relationship page: layout and drawing."""
