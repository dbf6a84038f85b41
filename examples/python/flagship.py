# %% [markdown]
# # The flagship chromite chain from Python
# Notebook-style cells (`# %%`: Jupyter, VS Code and Spyder run them one by one); also a plain
# script. From the repository root, after `make build`:
#
#     PYTHONPATH=python /usr/bin/python3 examples/python/flagship.py
#
# It loads examples/chromite/chain.yaml (tailings → spirals/tables → ferrochrome → chromium
# metal), solves it, prints the concentrate grade and the NPV, varies the rougher spirals' cut
# density and prints the response, and reads a stream as a numpy array (docs/python.md).

# %%
from pathlib import Path

import oreflow

root = Path(__file__).resolve().parents[2]
fs = oreflow.load(root / "examples" / "chromite" / "chain.yaml")
fs.solve()
print(f"{fs.name}: {len(fs.streams)} streams, library {oreflow.version()}")

# %% [markdown]
# ## Concentrate grade and NPV
# `stream(name).assay(x)` is the assay of the stream's solids (mass %); `lookup(path)` reads any
# number of the run's JSON (the same as `oreflow run --json`, docs/json.md).

# %%
conc = fs.stream("concentrate")
print(f"concentrate: {conc.solids_tph:.3f} t/h, {conc.assay('Cr2O3'):.2f} % Cr2O3, "
      f"{conc.assay('SiO2'):.2f} % SiO2, Cr/Fe {conc.assay('Cr/Fe'):.2f}")
print(f"NPV {fs.lookup('economics.npv_usd') / 1e6:.1f} M USD")

# %% [markdown]
# ## Response to the rougher spirals' cut density
# The design spec `concentrate_grade` holds the concentrate at 48.5 % Cr2O3 by moving the
# cleaner spirals' cut density, so the rougher's cut density trades mass to the cleaners against
# their load. Each solve warm-starts from the previous one.

# %%
path = "spiral_rougher.cut_density_kg_m3"
base = fs.get(path)
print(f"{'rougher cut, kg/m3':>20} {'conc t/h':>10} {'Cr2O3 %':>8} {'NPV M USD':>10}")
for rho in (3000, 3150, 3300, 3450, 3600):
    fs.set(path, rho)
    fs.solve()
    t, g, npv = fs.lookup("streams.concentrate.solids_tph", "streams.concentrate.assay.Cr2O3",
                          "economics.npv_usd")
    print(f"{rho:>20.0f} {t:>10.3f} {g:>8.2f} {npv / 1e6:>10.1f}")
fs.set(path, base)
fs.solve()

# %% [markdown]
# ## A stream as a numpy array
# `x` is the particulate block: t/h by (material, size class, composition class); the materials
# are `fs.particulate_materials`, the size classes `fs.sizes_um` (coarse → fine).

# %%
x = fs.stream("spiral_feed").x
print("spiral feed array", x.shape, f"sums to {x.sum():.4f} t/h")
k = fs.particulate_materials.index("chromite")
by_size = x[k].sum(axis=1)  # chromite t/h per size class
for (upper, lower), tph in zip(fs.sizes_um, by_size):
    print(f"  {lower:8.1f} – {upper:8.1f} µm: {tph:8.4f} t/h chromite")

# %%
table = fs.table(assays=["Cr2O3", "SiO2"])  # a pandas DataFrame when pandas is installed
print(table if not isinstance(table, dict) else {k: v[:3] for k, v in table.items()})
