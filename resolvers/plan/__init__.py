"""Plans and sections: operations, queries and mutations."""
