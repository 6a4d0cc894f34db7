# Helpers shared by every folder.

# logicapp_add_library(NAME [SOURCES ...] [PUBLIC_LIBS ...] [PRIVATE_LIBS ...])
# A static library of one area; its headers are included as "<folder>/<Header>.h"
# from the repository root.
function(logicapp_add_library name)
    cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
    add_library(${name} STATIC ${ARG_SOURCES})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_LIBS} PRIVATE ${ARG_PRIVATE_LIBS})
endfunction()

# logicapp_add_test(NAME SOURCES ... LIBS ... [LABELS ...] [TIMEOUT s])
# One Qt Test executable registered with CTest. GUI tests run offscreen.
function(logicapp_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS})
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        LABELS "${ARG_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LOGICAPP_SHARED_DIR=${LOGICAPP_SHARED_DIR};LOGICAPP_SOURCE_DIR=${PROJECT_SOURCE_DIR};LOGICAPP_PYTHON=${LOGICAPP_PYTHON};LOGICAPP_CLI=$<TARGET_FILE_DIR:logicapp>/logicapp")
endfunction()

# Where the shared test data lives (../shared next to the checkout).
if(NOT DEFINED LOGICAPP_SHARED_DIR)
    get_filename_component(LOGICAPP_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" ABSOLUTE)
endif()
# Debian's python3 (aiosmtpd is a Debian package, so not any python3 on PATH).
if(NOT DEFINED LOGICAPP_PYTHON)
    set(LOGICAPP_PYTHON /usr/bin/python3)
endif()

# logicapp_add_area(NAME [LIBS ...])
# The library of one area folder: every .cpp/.h in the calling folder (not in
# subfolders). A static library once the folder has sources, an interface
# library before that, so areas can grow independently.
function(logicapp_add_area name)
    cmake_parse_arguments(ARG "" "" "LIBS" ${ARGN})
    file(GLOB sources CONFIGURE_DEPENDS
        "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp" "${CMAKE_CURRENT_SOURCE_DIR}/*.h")
    list(FILTER sources INCLUDE REGEX "\\.cpp$")
    if(sources)
        file(GLOB headers CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.h")
        add_library(${name} STATIC ${sources} ${headers})
        target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
        target_link_libraries(${name} PUBLIC ${ARG_LIBS})
    else()
        add_library(${name} INTERFACE)
        target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR})
        target_link_libraries(${name} INTERFACE ${ARG_LIBS})
    endif()
endfunction()
