package dev.sharedcontext.search;

import java.beans.PropertyEditorSupport;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Binds {@code ?search_scope=...} into {@link SearchRequest} by its wire name only, with
 * the same error as a JSON body (see {@code VisibilityBinding} for why an editor).
 */
@ControllerAdvice
class SearchScopeBinding {

	@InitBinder
	void scopes(WebDataBinder binder) {
		binder.registerCustomEditor(SearchScope.class, new PropertyEditorSupport() {

			@Override
			public void setAsText(String text) {
				setValue(SearchScope.parse(text, "search_scope"));
			}

		});
	}

}
