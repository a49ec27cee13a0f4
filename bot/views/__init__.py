"""Everything that turns data into what a manager reads: message texts and keyboards."""
