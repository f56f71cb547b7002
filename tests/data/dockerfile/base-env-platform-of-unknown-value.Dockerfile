# FROM --platform of a value gate cannot know may be any platform: the engine's one image of
# the reference is not that stage's base (it was read as if it were). The build's own platform
# ($TARGETPLATFORM, $BUILDPLATFORM) is the engine's, as with no flag; a known value is itself.
ARG P
ARG Q=linux/arm64
FROM --platform=$P mybase:1 AS unknown
FROM --platform=${P} mybase:1 AS unknown_braced
FROM --platform=$TARGETPLATFORM mybase:1 AS target
FROM --platform=${BUILDPLATFORM} mybase:1 AS build
FROM --platform=$Q mybase:1 AS known
FROM mybase:1 AS none
