package io.github.freeport.architecture.cyclefixture.tickets;

import io.github.freeport.architecture.cyclefixture.seats.Seat;

/** Half of a deliberate package cycle, for the test that shows the cycle rule catches one. */
public record Ticket(Seat seat) {
}
