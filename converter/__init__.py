"""r2p-convert: one canonical source, rendered to DOCX, PDF and HTML that say the same thing."""

__version__ = "0.1.0"
