"""kg: an offline knowledge-graph builder for news."""
