"""The public view: published dishonesty records (masked) and submissions from the public."""
