/**
 * The diagnosis: joins what the other features found into the three answers the person on
 * call needs — which class leaks, where it is allocated, and which route or job does it —
 * each with the evidence behind it and a confidence computed from that evidence. Suspects
 * ({@code snapshot}), leak sites ({@code sites}), the live set and the count regression
 * ({@code heap}) and the recorded routes and tasks meet here and nowhere else.
 */
package dev.memleak.diagnosis;
