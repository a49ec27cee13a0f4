"""Helpers the tests share: the chat driver and its users, the in-process background jobs, the
bot process for end-to-end tests and sample bulk files. Fixtures live in tests/conftest.py."""
