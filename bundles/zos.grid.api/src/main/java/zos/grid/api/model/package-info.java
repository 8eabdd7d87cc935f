/**
 * The grid registry's wire model: small immutable records that validate themselves, so a value that
 * exists is a valid one. Violations are {@link zos.grid.api.model.ValidationException}s naming the field.
 */
@Export
@Version("2.0.0")
package zos.grid.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
