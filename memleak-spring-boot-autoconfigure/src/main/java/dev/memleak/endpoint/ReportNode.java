package dev.memleak.endpoint;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A part of the report found by the names its JSON uses: a record's component, a map's
 * key or a plain value. Sections that other streams add to the report ({@code diagnosis},
 * {@code footprint}, {@code pauses}) are read through it, so the page renders them when
 * the report has them and says nothing (or falls back) when it does not, without
 * depending on their classes. A record's JSON names are its component names: none of the
 * report's records renames a field.
 *
 * @author memleak
 */
final class ReportNode {

	private static final ReportNode ABSENT = new ReportNode(null, false);

	private final @Nullable Object value;

	private final boolean present;

	private ReportNode(@Nullable Object value, boolean present) {
		this.value = value;
		this.present = present;
	}

	/**
	 * Return a node over a value.
	 * @param value a record, map, collection or plain value
	 * @return the node
	 */
	static ReportNode of(@Nullable Object value) {
		return new ReportNode(value, true);
	}

	/**
	 * Return a node over a record or map with more entries.
	 * @param value a record or map
	 * @param additions the entries to add or replace
	 * @return the node
	 */
	static ReportNode of(Object value, Map<String, ?> additions) {
		Map<String, @Nullable Object> entries = new LinkedHashMap<>();
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, entry) -> entries.put(String.valueOf(key), entry));
		}
		else {
			for (RecordComponent component : value.getClass().getRecordComponents()) {
				entries.put(component.getName(), read(value, component));
			}
		}
		entries.putAll(additions);
		return new ReportNode(entries, true);
	}

	/**
	 * Return whether the report has this part, even if it is {@code null}.
	 * @return whether it is present
	 */
	boolean present() {
		return this.present;
	}

	/**
	 * Return whether this part has a value.
	 * @return whether present and not {@code null}
	 */
	boolean hasValue() {
		return this.value != null;
	}

	/**
	 * Return a member by its JSON name.
	 * @param name the name
	 * @return the member, absent if this part has no such member
	 */
	ReportNode get(String name) {
		if (this.value instanceof Map<?, ?> map) {
			return map.containsKey(name) ? of(map.get(name)) : ABSENT;
		}
		if (this.value != null && this.value.getClass().isRecord()) {
			for (RecordComponent component : this.value.getClass().getRecordComponents()) {
				if (component.getName().equals(name)) {
					return of(read(this.value, component));
				}
			}
		}
		return ABSENT;
	}

	/**
	 * Return the elements of a list.
	 * @return the elements, empty if this part is not a list
	 */
	List<ReportNode> list() {
		List<ReportNode> elements = new ArrayList<>();
		if (this.value instanceof Collection<?> collection) {
			collection.forEach((element) -> elements.add(of(element)));
		}
		return elements;
	}

	/**
	 * Return a text member.
	 * @param name the member's name
	 * @return its text (an enum's name), or {@code null}
	 */
	@Nullable String text(String name) {
		Object member = get(name).value;
		return (member != null) ? ((member instanceof Enum<?> constant) ? constant.name() : member.toString()) : null;
	}

	/**
	 * Return the texts of a list member.
	 * @param name the member's name
	 * @return its elements as text
	 */
	List<String> texts(String name) {
		return get(name).list().stream().map((element) -> String.valueOf(element.value)).toList();
	}

	/**
	 * Return a numeric member.
	 * @param name the member's name
	 * @return its value, or {@code null} if absent or not a number
	 */
	@Nullable Double number(String name) {
		return (get(name).value instanceof Number number) ? number.doubleValue() : null;
	}

	/**
	 * Return a point in time.
	 * @param name the member's name
	 * @return the time, or {@code null} if absent or not a time
	 */
	@Nullable Instant instant(String name) {
		Object member = get(name).value;
		if (member instanceof Instant instant) {
			return instant;
		}
		return (member instanceof CharSequence text) ? Instant.parse(text) : null;
	}

	/**
	 * Return whether a boolean member is true.
	 * @param name the member's name
	 * @return whether it is {@code true}
	 */
	boolean flag(String name) {
		return Boolean.TRUE.equals(get(name).value);
	}

	private static @Nullable Object read(Object record, RecordComponent component) {
		Method accessor = component.getAccessor();
		try {
			if (!accessor.canAccess(record)) {
				accessor.setAccessible(true);
			}
			return accessor.invoke(record);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("Cannot read " + component.getName() + " of " + record.getClass(), ex);
		}
	}

}
