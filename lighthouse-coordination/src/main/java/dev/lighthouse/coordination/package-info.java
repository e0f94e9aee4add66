/**
 * How agents work together through the bridge: file leases, questions one agent asks another (elicitations) and tasks
 * handed to whoever has a capability. Each is a projection of events in the store, so it survives restarts and
 * replays; none of it knows HTTP or MCP.
 */
package dev.lighthouse.coordination;
