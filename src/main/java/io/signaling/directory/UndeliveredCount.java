package io.signaling.directory;

import java.util.Map;

/**
 * What the cluster held undelivered when it was counted: the cost of every item in all (bodies, types and
 * {@link MailItem#OVERHEAD_BYTES} each, counted once however many copies exist), how many items, and the senders
 * holding at least the reported threshold, and every peer whose mailbox holds anything (by its id). {@code bySender}
 * is false when some member could not count by sender
 * (a node of an earlier release, during a rolling upgrade): then {@code heavySenders} and {@code holders} are empty.
 */
public record UndeliveredCount(long bytes, long items, Map<Integer, Long> heavySenders, Map<Integer, Long> holders,
                               boolean bySender) {
}
