"""User accounts: password hashing and the operations that create and change users."""
