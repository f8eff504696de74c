/**
 * Delivery: the life of one item (a relayed message or a join/leave notification) from the moment it is stored
 * to the moment it is settled, and of the /wait it is written to.
 *
 * <h2>An item in the cluster</h2>
 * The item lives in its receiver's {@link io.signaling.directory.PeerRecord} (one Hazelcast entry with one
 * synchronous backup) and is changed only by the entry processors named here, each atomic on that entry.
 *
 * <table>
 *   <caption>An item's states in the peer record</caption>
 *   <tr><th>from</th><th>step (processor)</th><th>to</th><th>and then</th></tr>
 *   <tr><td>-</td><td>{@code Deliver}, no waiter or one in flight already</td><td>queued (mailbox tail)</td>
 *       <td>nothing: the next /wait takes it</td></tr>
 *   <tr><td>-</td><td>{@code Deliver}, a waiter parked and nothing in flight</td><td>in flight to that waiter</td>
 *       <td>{@link io.signaling.delivery.WakeUps#follow}: the item goes to the waiter's node in a hand-over</td></tr>
 *   <tr><td>queued (head)</td><td>{@code Park} by a new /wait</td><td>in flight to it</td>
 *       <td>answered at once ({@code ANSWER_NOW})</td></tr>
 *   <tr><td>queued (head)</td><td>{@code Take} by a woken waiter</td><td>in flight to it</td>
 *       <td>written by that node</td></tr>
 *   <tr><td>in flight</td><td>{@code Settle}, written; or the {@code Park} of the peer's next /wait on the node
 *       that wrote it, which settles it first ({@link io.signaling.delivery.HeldSettles})</td><td>gone (delivered)</td>
 *       <td>the peer's next parked /wait, if any, is woken</td></tr>
 *   <tr><td>in flight</td><td>{@code Settle} not written, or {@code Unpark} of that waiter</td>
 *       <td>queued (head again)</td><td>a newer waiter, if any, is woken</td></tr>
 *   <tr><td>in flight</td><td>{@code Recover}: its node departed, or in flight over
 *       {@link io.signaling.directory.PeerDirectory#IN_FLIGHT_LIMIT_MILLIS}</td><td>queued (head again)</td>
 *       <td>{@link io.signaling.delivery.SafetyNet} wakes the waiter</td></tr>
 *   <tr><td>any</td><td>{@code Remove} (sign-out, idle sweep)</td><td>gone with the peer</td><td></td></tr>
 * </table>
 * At most one item per peer is in flight; "in flight to" names the waiter (node and token). Every step is idempotent
 * for the same waiter, so Hazelcast may run it twice after a member dies: a repeated park or take gets the same
 * item, a repeated store is recognised by the item's random id.
 *
 * <h2>A /wait on this node</h2>
 * {@link io.signaling.delivery.ParkedWaits} holds each /wait parked on this node as a
 * {@link io.signaling.delivery.ParkedWait} whose {@link io.signaling.delivery.WaitState} changes only on the
 * connection's event loop, and only along these transitions (any other fails loudly):
 *
 * <table>
 *   <caption>A parked /wait's states</caption>
 *   <tr><th>from</th><th>event</th><th>to</th></tr>
 *   <tr><td>PARKING</td><td>a wake-up or hand-over arrives before the park step came back</td>
 *       <td>PARKING_WOKEN</td></tr>
 *   <tr><td>PARKING, PARKING_WOKEN</td><td>park step: {@code PARKED}</td>
 *       <td>PARKED (from PARKING_WOKEN: then TAKING at once)</td></tr>
 *   <tr><td>PARKING, PARKING_WOKEN</td><td>park step: {@code ANSWER_NOW} (item written), {@code UNKNOWN_PEER}
 *       ({@code 500}), failed ({@code 503}); or the client closed meanwhile (the park is undone)</td>
 *       <td>DONE</td></tr>
 *   <tr><td>PARKED</td><td>wake-up: take the head</td><td>TAKING</td></tr>
 *   <tr><td>TAKING</td><td>take came back: empty, failed (tried again: five more tries, 3.1 s in all) or
 *       with the item (then DONE, the item written)</td><td>PARKED</td></tr>
 *   <tr><td>PARKED</td><td>hand-over of the item already in flight to it</td><td>DONE (item written)</td></tr>
 *   <tr><td>PARKED, TAKING</td><td>client closed (unpark), drop (superseded by a newer /wait, or signed out),
 *       node draining (closed without an answer, unpark)</td><td>DONE</td></tr>
 *   <tr><td>DONE</td><td>any</td><td>DONE; a hand-over that finds it done is settled "not written"</td></tr>
 * </table>
 *
 * <h2>Fewer steps per message</h2>
 * A written item's settle may be held for the park of the peer's next /wait ({@link io.signaling.delivery.HeldSettles}):
 * a native client sends it as soon as it has read the answer, and when it comes to the same node one cluster step
 * does both. A /message from a peer whose /wait the cluster confirmed here for the same owner needs no sender check
 * ({@link io.signaling.delivery.KnownSenders}).
 *
 * <h2>Between nodes</h2>
 * {@link io.signaling.delivery.WakeUps} carries "hand over" (with the item), "wake" and "drop" to the node holding
 * a /wait, one event-bus address per node. A lost message loses nothing: the item stays in the record, and the
 * {@link io.signaling.delivery.SafetyNet} (on a node's departure, and on every sweep) puts back what was in flight
 * and wakes the /waits that should be taking.
 */
package io.signaling.delivery;
