#pragma once

#include <QList>

namespace engine {
class Catalogue;
struct Operation;
} // namespace engine

namespace connectors {

// Every connector's operations as they are described: names, icons,
// property and output schemas, WDL shapes, validation; no job or trigger
// (nothing here uses the network). Enough for the designer's canvas, forms
// and problems: its window starts on these alone (Descriptions.cpp).
QList<engine::Operation> describedOperations();
// The catalogue of describedOperations(), built on first use.
const engine::Catalogue& describedCatalogue();

// Registers every connector's operations with what runs them (jobs,
// triggers) and the connection testers. Called once by each program at
// start-up (explicit, so that static linking drops nothing).
void registerAll(engine::Catalogue& catalogue);

// The catalogue with every connector registered, built on first use.
const engine::Catalogue& catalogue();

} // namespace connectors
