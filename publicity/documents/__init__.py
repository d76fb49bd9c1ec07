"""Pure builders of the publicity stage's documents."""
