"""Mesh helpers."""
def texcoords(mesh):
    uv = mesh.uv
    out = []
    for i in range(len(uv)):
        out.append(uv[i])
    return out
