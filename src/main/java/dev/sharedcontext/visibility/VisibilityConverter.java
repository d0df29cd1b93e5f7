package dev.sharedcontext.visibility;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Binds a tier named in a query parameter ({@code ?visibility=agent_only}) into a request
 * record by its wire name, with the same error as a JSON body; Spring's default enum
 * conversion would want {@code AGENT_ONLY}. Boot registers converter beans with MVC.
 */
@Component
class VisibilityConverter implements Converter<String, Visibility> {

	@Override
	public Visibility convert(String source) {
		return Visibility.parse(source, "visibility");
	}

}
