# Installation rules (included from CMakeLists.txt; docs/install.md lists what goes where).
#   cmake --install BUILD --prefix P   or   make install PREFIX=P [DESTDIR=D]

# Man pages and bash completion, generated from the built program's own --help and `units` output
# (the same text as `oreflow --help`) and from docs/format.md: scripts/gen-man.py.
find_package(Python3 COMPONENTS Interpreter)
set(ORF_GEN_DIR ${PROJECT_BINARY_DIR}/generated)
set(ORF_MAN_OUTPUTS "")
if(Python3_FOUND)
  set(ORF_MAN_OUTPUTS ${ORF_GEN_DIR}/oreflow.1 ${ORF_GEN_DIR}/oreflow-format.5
      ${ORF_GEN_DIR}/oreflow.bash-completion)
  add_custom_command(OUTPUT ${ORF_MAN_OUTPUTS}
      COMMAND ${CMAKE_COMMAND} -E env ORF_DATA_DIR=${PROJECT_SOURCE_DIR}/data
          ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/gen-man.py
          $<TARGET_FILE:oreflow_cli> ${PROJECT_SOURCE_DIR}/docs/format.md ${ORF_GEN_DIR}
      DEPENDS oreflow_cli ${PROJECT_SOURCE_DIR}/scripts/gen-man.py
          ${PROJECT_SOURCE_DIR}/docs/format.md
      COMMENT "man pages and bash completion" VERBATIM)
  add_custom_target(oreflow_man ALL DEPENDS ${ORF_MAN_OUTPUTS})
else()
  message(WARNING "oreflow: no python3: no man pages or bash completion")
endif()

# pkg-config: written at install time, with the prefix installed into (`--prefix` or
# CMAKE_INSTALL_PREFIX; DESTDIR aside), so that pkg-config recognises the system directories
# (/usr/include, /usr/lib/x86_64-linux-gnu) and leaves them out of the flags
set(ORF_PC_DL "")
foreach(l ${CMAKE_DL_LIBS})
  string(APPEND ORF_PC_DL " -l${l}")
endforeach()
string(STRIP "${ORF_PC_DL}" ORF_PC_DL)
set(ORF_PC_PREFIX "@ORF_PC_PREFIX@") # kept for the second pass, at install time
configure_file(${PROJECT_SOURCE_DIR}/cmake/oreflow.pc.in ${ORF_GEN_DIR}/oreflow.pc.in @ONLY)
install(CODE "set(ORF_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  configure_file(\"${ORF_GEN_DIR}/oreflow.pc.in\" \"${ORF_GEN_DIR}/oreflow.pc\" @ONLY)")

install(TARGETS oreflow_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS oreflow_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS oreflow ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/oreflow.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/oreflow DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.h")
install(FILES ${ORF_GEN_DIR}/oreflow.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/oreflow/data)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/oreflow/examples)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/CHANGELOG.md
    DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
if(Python3_FOUND)
  install(FILES ${ORF_GEN_DIR}/oreflow.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${ORF_GEN_DIR}/oreflow-format.5 DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
  install(FILES ${ORF_GEN_DIR}/oreflow.bash-completion
      DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME oreflow)
endif()

# The Python bindings (python/oreflow, docs/python.md) in Debian's layout for Python modules,
# PREFIX/lib/python3/dist-packages/oreflow (on the default sys.path of Debian's python3 for the
# prefix /usr; PYTHONPATH for another prefix), with _installed.py naming the installed
# liboreflow.so.N relative to the package (absolute when the library folder is), so that
# `import oreflow` loads the library of its own installation.
set(ORF_PY_DIR lib/python3/dist-packages)
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(ORF_PY_LIB "${CMAKE_INSTALL_LIBDIR}/liboreflow.so.${ORF_ABI_VERSION}")
else()
  set(ORF_PY_LIB "../../../../${CMAKE_INSTALL_LIBDIR}/liboreflow.so.${ORF_ABI_VERSION}")
endif()
file(WRITE ${ORF_GEN_DIR}/python/_installed.py
  "\"\"\"Written by cmake/install.cmake: where the installed bindings find their library.\"\"\"\n"
  "LIBRARY = \"${ORF_PY_LIB}\"  # relative to this file's folder, or absolute\n")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/python/oreflow DESTINATION ${ORF_PY_DIR}
        PATTERN __pycache__ EXCLUDE PATTERN "*.pyc" EXCLUDE)
install(FILES ${ORF_GEN_DIR}/python/_installed.py DESTINATION ${ORF_PY_DIR}/oreflow)
