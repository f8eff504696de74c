/**
 * The one encoding of what nodes send each other, besides Hazelcast's own: records of fields, each record
 * length-delimited and opened by its revision. A reader takes the fields it knows and ignores whatever a later
 * release appended after them; a field a later release adds is read only {@link io.signaling.format.FieldsIn#hasMore
 * when present}. So a node reads what a node of the next or the previous release wrote, which a rolling upgrade
 * needs. The rules that keep it so are in {@code docs/architecture.md} ("Cluster formats").
 */
package io.signaling.format;
