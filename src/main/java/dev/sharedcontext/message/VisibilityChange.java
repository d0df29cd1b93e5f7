package dev.sharedcontext.message;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

import dev.sharedcontext.visibility.Visibility;

/**
 * Input of {@code set_message_visibility} / body of {@code PATCH
 * /api/v1/admin/messages/{id}}.
 *
 * @param visibility the new tier
 */
public record VisibilityChange(@Schema(description = "The new tier") @NotNull Visibility visibility) {
}
