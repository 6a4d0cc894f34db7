#include "connectors/Connectors.h"

#include "engine/catalogue/Catalogue.h"

namespace connectors {

void registerAll(engine::Catalogue& catalogue)
{
    // Each connector adds its registration call here.
    (void)catalogue;
}

const engine::Catalogue& catalogue()
{
    static const engine::Catalogue instance = [] {
        engine::Catalogue c;
        registerAll(c);
        return c;
    }();
    return instance;
}

} // namespace connectors
