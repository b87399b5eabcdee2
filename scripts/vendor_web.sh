#!/usr/bin/env bash
# Vendors the web app's third-party browser assets from the npm registry into
# wirewatch/web/static/vendor/. Run it by hand to refresh them (bump a version below), then commit the
# result: nothing is fetched when the app runs, in CI or on an analyst's closed network.
#   scripts/vendor_web.sh
# Needs npm and tar. Each package keeps its licence; vendor/README.md lists what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

LEAFLET=1.9.4
WORLD_ATLAS=2.0.2
TOPOJSON_CLIENT=3.1.0
SWAGGER_UI=5.35.0

VENDOR=wirewatch/web/static/vendor
WORK=$(mktemp -d /tmp/wirewatch-vendor.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

unpack() {
    # unpack NAME VERSION: the package's tarball from the registry, extracted to $WORK/NAME/
    local name=$1 version=$2 tarball
    tarball=$(cd "$WORK" && npm pack --silent "$name@$version" 2>/dev/null | tail -n 1)
    mkdir -p "$WORK/$name"
    tar xzf "$WORK/$tarball" -C "$WORK/$name" --strip-components=1
}

unpack leaflet "$LEAFLET"
unpack world-atlas "$WORLD_ATLAS"
unpack topojson-client "$TOPOJSON_CLIENT"
unpack swagger-ui-dist "$SWAGGER_UI"

rm -rf "$VENDOR/leaflet" "$VENDOR/world-atlas" "$VENDOR/topojson-client" "$VENDOR/swagger-ui"
mkdir -p "$VENDOR/leaflet/images" "$VENDOR/world-atlas" "$VENDOR/topojson-client" "$VENDOR/swagger-ui"

# Leaflet: the minified build, its stylesheet and the images the stylesheet points at (images/ beside it).
cp "$WORK/leaflet/dist/leaflet.js" "$WORK/leaflet/dist/leaflet.css" "$WORK/leaflet/LICENSE" "$VENDOR/leaflet/"
cp "$WORK/leaflet/dist/images/"*.png "$VENDOR/leaflet/images/"

# Country outlines (Natural Earth 1:50m, as TopoJSON): kept byte for byte as published and turned into
# GeoJSON in the browser by topojson-client (see overview.js for why).
cp "$WORK/world-atlas/countries-50m.json" "$WORK/world-atlas/LICENSE" "$VENDOR/world-atlas/"
cp "$WORK/topojson-client/dist/topojson-client.min.js" "$WORK/topojson-client/LICENSE" "$VENDOR/topojson-client/"

# Swagger UI for /api/docs: the bundle, its stylesheet, its licence and the licences of what it bundles.
cp "$WORK/swagger-ui-dist/swagger-ui-bundle.js" "$WORK/swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt" \
    "$WORK/swagger-ui-dist/swagger-ui.css" "$WORK/swagger-ui-dist/LICENSE" "$WORK/swagger-ui-dist/NOTICE" \
    "$VENDOR/swagger-ui/"

# Source-map comments point at files not vendored; drop them so no browser asks for them.
sed -i '/^\/\/# sourceMappingURL=/d' "$VENDOR/leaflet/leaflet.js" "$VENDOR/swagger-ui/swagger-ui-bundle.js"
sed -i 's#/\*\# sourceMappingURL=[^*]*\*/##' "$VENDOR/swagger-ui/swagger-ui.css"

echo "vendored: leaflet $LEAFLET, world-atlas $WORLD_ATLAS, topojson-client $TOPOJSON_CLIENT, swagger-ui-dist $SWAGGER_UI"
du -sh "$VENDOR"/*/
