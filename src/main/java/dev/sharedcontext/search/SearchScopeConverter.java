package dev.sharedcontext.search;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Binds {@code ?search_scope=...} into {@link SearchRequest} by its wire name, with the
 * same error as a JSON body; Spring's default enum conversion would want the constant's
 * name. Boot registers converter beans with MVC.
 */
@Component
class SearchScopeConverter implements Converter<String, SearchScope> {

	@Override
	public SearchScope convert(String source) {
		return SearchScope.parse(source, "search_scope");
	}

}
