package dev.memleak.sample;

import java.util.List;

/**
 * An owner of pets.
 *
 * @param id the id
 * @param name the name
 * @param pets the pets
 * @author memleak
 */
public record Owner(long id, String name, List<Pet> pets) {

	/**
	 * A pet.
	 *
	 * @param id the id
	 * @param name the name
	 * @param kind cat, dog, ...
	 */
	public record Pet(long id, String name, String kind) {
	}

}
