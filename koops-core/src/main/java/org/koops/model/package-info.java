/**
 * The report model: what koops finds in a kernel log, as immutable records.
 *
 * <p>Together with {@link org.koops.Koops} these types are the library's public API. Every other
 * package of koops-core is an implementation detail. Optional fields are {@code null} when the log
 * does not show them; lists are never {@code null}.
 */
package org.koops.model;
