"""Types of the public schema (``/public/graphql``): published records with personal fields
masked, and receipts for what the public sends in. Nothing here leads to internal types."""

from schema.public.record import PublicDishonestyRecord, SubmissionReceipt

__all__ = ["PublicDishonestyRecord", "SubmissionReceipt"]
