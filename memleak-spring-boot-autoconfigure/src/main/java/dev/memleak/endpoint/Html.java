package dev.memleak.endpoint;

/**
 * Writes HTML (and inline SVG) in which every value is escaped: tag and attribute names
 * come from code, every text and attribute value is data and goes through
 * {@link #escape(String)}. Only the page's own constant style and script are written raw.
 *
 * @author memleak
 */
final class Html {

	private final StringBuilder out = new StringBuilder(32 * 1024);

	/**
	 * Open an element.
	 * @param tag the tag name, a constant
	 * @param attributes pairs of attribute name (a constant) and value (escaped); a
	 * {@code null} value leaves the attribute out
	 * @return this
	 */
	Html open(String tag, String... attributes) {
		this.out.append('<').append(tag);
		attributes(attributes);
		this.out.append('>');
		return this;
	}

	/**
	 * Write an element without content, such as {@code <circle .../>} or
	 * {@code <meta ...>}.
	 * @param tag the tag name, a constant
	 * @param attributes pairs of attribute name and value, as for {@link #open}
	 * @return this
	 */
	Html empty(String tag, String... attributes) {
		this.out.append('<').append(tag);
		attributes(attributes);
		this.out.append(tag.equals("meta") || tag.equals("link") ? ">" : "/>");
		return this;
	}

	Html close(String tag) {
		this.out.append("</").append(tag).append('>');
		return this;
	}

	/**
	 * Write escaped text.
	 * @param text the text, data
	 * @return this
	 */
	Html text(Object text) {
		this.out.append(escape(String.valueOf(text)));
		return this;
	}

	/**
	 * Write an element with escaped text inside.
	 * @param tag the tag name, a constant
	 * @param text the text, data
	 * @param attributes pairs of attribute name and value, as for {@link #open}
	 * @return this
	 */
	Html element(String tag, Object text, String... attributes) {
		return open(tag, attributes).text(text).close(tag);
	}

	/**
	 * Write the page's own constant markup, style or script unescaped. Never pass data.
	 * @param constant text that is part of memleak
	 * @return this
	 */
	Html constant(String constant) {
		this.out.append(constant);
		return this;
	}

	@Override
	public String toString() {
		return this.out.toString();
	}

	/**
	 * Escape text for HTML content and quoted attribute values: {@code & < > " '}.
	 * @param text the text
	 * @return the escaped text
	 */
	static String escape(String text) {
		StringBuilder escaped = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			String entity = switch (c) {
				case '&' -> "&amp;";
				case '<' -> "&lt;";
				case '>' -> "&gt;";
				case '"' -> "&quot;";
				case '\'' -> "&#39;";
				default -> null;
			};
			if (entity != null && escaped == null) {
				escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
			}
			if (escaped != null) {
				if (entity != null) {
					escaped.append(entity);
				}
				else {
					escaped.append(c);
				}
			}
		}
		return (escaped != null) ? escaped.toString() : text;
	}

	private void attributes(String[] attributes) {
		if (attributes.length % 2 != 0) {
			throw new IllegalArgumentException("attributes come in name and value pairs");
		}
		for (int i = 0; i < attributes.length; i += 2) {
			if (attributes[i + 1] != null) {
				this.out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
			}
		}
	}

}
