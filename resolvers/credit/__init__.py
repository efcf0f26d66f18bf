"""Dishonesty records, publication, sanctions, objections and credit repair."""
