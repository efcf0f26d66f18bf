"""Seed data and plan importers."""
