package org.glasscast.protocol.rtcp;

/**
 * One entry of a feedback message's Feedback Control Information: the codec keeps those of generic
 * NACK and FIR; other formats' FCI is not read.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4585#section-6.1">RFC 4585 §6.1</a>
 */
public sealed interface FciEntry permits NackEntry, FirEntry {
}
