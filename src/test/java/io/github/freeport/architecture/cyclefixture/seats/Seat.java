package io.github.freeport.architecture.cyclefixture.seats;

import java.util.List;

import io.github.freeport.architecture.cyclefixture.tickets.Ticket;

/** The other half of a deliberate package cycle: a seat knows the tickets sold for it. */
public record Seat(String row, int number, List<Ticket> sold) {
}
