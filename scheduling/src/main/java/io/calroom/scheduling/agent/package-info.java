/**
 * The pure decision core of the room/resource auto-schedule agent: {@link io.calroom.scheduling.agent.AutoScheduleAgent}
 * decides how a room or resource answers a REQUEST from its policy, the request's occurrences and the resource's
 * existing bookings; {@link io.calroom.scheduling.agent.ResourceCopyEditor} applies that decision to the resource's
 * stored copy. Nothing here touches the database, the clock or the network: the caller supplies the bookings,
 * {@code now} and the restricted-access verdict.
 */
package io.calroom.scheduling.agent;
