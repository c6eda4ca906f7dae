"""The chat's widgets; each talks up with Messages and is driven down with method calls."""
