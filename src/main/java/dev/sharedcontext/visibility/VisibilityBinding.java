package dev.sharedcontext.visibility;

import java.beans.PropertyEditorSupport;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Binds a tier named in a query parameter ({@code ?visibility=agent_only}) into a request
 * record by its wire name only, with the same error as a JSON body. An editor rather than
 * a converter: when a converter refuses a value, Spring's binder falls back to
 * {@code Enum.valueOf}, which would accept {@code PUBLIC} and read an empty value as no
 * filter.
 */
@ControllerAdvice
class VisibilityBinding {

	@InitBinder
	void tiers(WebDataBinder binder) {
		binder.registerCustomEditor(Visibility.class, new PropertyEditorSupport() {

			@Override
			public void setAsText(String text) {
				setValue(Visibility.parse(text, "visibility"));
			}

		});
	}

}
