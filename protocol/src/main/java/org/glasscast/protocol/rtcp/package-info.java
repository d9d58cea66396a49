/**
 * RTCP packets as records and their compound codec: SR, RR, SDES (CNAME), BYE and RTPFB/PSFB
 * feedback (PLI; generic NACK and FIR with their FCI), and XR with the RRTR and DLRR blocks.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-6">RFC 3550 §6</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4585#section-6.1">RFC 4585 §6.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5104#section-4.3.1">RFC 5104 §4.3.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3611#section-4.4">RFC 3611 §4.4, §4.5</a>
 */
package org.glasscast.protocol.rtcp;
