"""The review desk (signed-in newsroom roles) and the public fact-check pages."""
