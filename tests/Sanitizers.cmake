# Instrumented builds, each in its own build folder (tests/scripts/sanitizers.sh, fuzz.sh):
#   MINIFLOW_ASAN  AddressSanitizer + UndefinedBehaviorSanitizer (gcc or clang); any report fails
#   MINIFLOW_TSAN  ThreadSanitizer (the training worker / GUI hand-off)
#   MINIFLOW_FUZZ  libFuzzer targets for every reader (clang only), with ASan + UBSan
# Turn MINIFLOW_OPENMP off with them: libgomp is not instrumented (TSan reports its own
# synchronisation as races) and clang needs libomp.
if(MINIFLOW_ASAN AND MINIFLOW_TSAN)
  message(FATAL_ERROR "MINIFLOW_ASAN and MINIFLOW_TSAN cannot be combined: use two build folders")
endif()
# Instrumented builds compile at -O1 with line tables (appended after the build type's -O3,
# so it wins): the optimiser's time was most of the build, the sanitizers check the same
# accesses at any level, and the reports get file:line frames.
if(MINIFLOW_ASAN OR MINIFLOW_TSAN OR MINIFLOW_FUZZ)
  add_compile_options(-O1 $<IF:$<CXX_COMPILER_ID:Clang>,-gline-tables-only,-g1>)
endif()
if(MINIFLOW_ASAN)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 with ASan warns about std::fill / memset bounds it derives from the
    # instrumentation itself ("bound between 18446744069414584320 and ..."): false positives.
    add_compile_options(-Wno-stringop-overflow)
  endif()
endif()
if(MINIFLOW_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
if(MINIFLOW_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "MINIFLOW_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
