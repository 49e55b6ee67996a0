package dev.memleak.sample;

import java.util.List;
import java.util.stream.LongStream;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Owners and their pets.
 *
 * @author memleak
 */
@RestController
class OwnerController {

	private static final String[] KINDS = { "cat", "dog", "hamster", "parrot" };

	private final AuditLog auditLog;

	OwnerController(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	@GetMapping("/owners/{id}")
	Owner owner(@PathVariable long id) {
		this.auditLog.recordLookup(id);
		return owner(id, 3);
	}

	@GetMapping("/owners/{ownerId}/pets/{petId}")
	Owner.Pet pet(@PathVariable long ownerId, @PathVariable long petId) {
		return pet(ownerId * 10 + petId);
	}

	@GetMapping("/owners")
	List<Owner> owners() {
		return LongStream.range(1, 51).mapToObj((id) -> owner(id, 2)).toList();
	}

	private static Owner owner(long id, int pets) {
		return new Owner(id, "Owner " + id, LongStream.range(0, pets).mapToObj((n) -> pet(id * 10 + n)).toList());
	}

	private static Owner.Pet pet(long id) {
		return new Owner.Pet(id, "Pet " + id, KINDS[(int) (id % KINDS.length)]);
	}

}
