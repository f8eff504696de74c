package io.signaling.directory;

/** How much one peer's mailbox may hold. */
public record MailboxLimits(int maxItems, long maxBytes) {
}
