/**
 * JSON mapping of the grid model (Gson trees, snake_case field names): reading validates at the edge
 * and names the failing field ({@code interfaces[1].mac: not a link-layer address}).
 */
@Export
@Version("1.2.0")
package zos.grid.api.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
