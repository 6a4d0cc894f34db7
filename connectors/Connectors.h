#pragma once

namespace engine {
class Catalogue;
}

namespace connectors {

// Registers every connector's operations. Called once by each program at
// start-up (explicit, so that static linking drops nothing).
void registerAll(engine::Catalogue& catalogue);

// The catalogue with every connector registered, built on first use.
const engine::Catalogue& catalogue();

} // namespace connectors
