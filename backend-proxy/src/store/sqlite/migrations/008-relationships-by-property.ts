/**
 * Relationships by the property holding them. Writing a component's properties clears the
 * relationship rows of its properties first (and deleting a property cascades to its rows):
 * without this index each write scanned every relationship of the service, so creating
 * 10,000 related entities one call each grew quadratic.
 */
export const relationshipsByProperty = `
CREATE INDEX relationships_by_property ON relationships(property_key);
`;
