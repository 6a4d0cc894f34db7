#pragma once

#include "engine/catalogue/Catalogue.h"

namespace formstest {

// A catalogue shaped like the real one (SMTP, Salesforce, schedule, request,
// files), so the palette and form tests do not depend on every connector.
engine::Catalogue fixtureCatalogue();

} // namespace formstest
