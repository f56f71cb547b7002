# More command texts run by code than the build walks (the cap set to 4 by the test): the
# step past it is unknown, not silent (5); the texts before it are walked (4).
FROM python:3.12
RUN awk 'BEGIN{system("echo 1"); system("echo 2"); system("echo 3")}'
RUN awk 'BEGIN{system("echo 4"); system("echo 5")}'
