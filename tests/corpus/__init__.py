"""Files as real programs export them, with what a careful reader expects of each."""
