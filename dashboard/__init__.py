"""ChipWar Lens: a data-journalism dashboard for Chinese-language coverage."""
